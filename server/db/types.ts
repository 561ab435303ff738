import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps are ISO-8601 UTC strings and booleans 0/1 integers on both databases, so queries stay portable. */
export interface AreaTable {
  id: Generated<number>;
  code: string;
  name: string;
  level: string;
  parent_id: number | null;
  /** Materialized path of ids, e.g. `/1/5/23/`: "under this node" is one range scan. */
  path: string;
  depth: number;
  sort_order: number;
  archived_at: string | null;
  geo: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  display_name: string;
  phone: string | null;
  show_phone: number;
  is_super_admin: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  created_by: number | null;
  last_login_at: string | null;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AssignmentTable {
  id: Generated<number>;
  user_id: number;
  area_id: number;
  role: string;
  /** Comma-separated duties (五大员). */
  duties: string;
  started_at: string;
  ended_at: string | null;
  created_by: number | null;
  ended_by: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  area_id: number | null;
  area_path: string | null;
  before: string | null;
  after: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface ImportJobTable {
  id: Generated<number>;
  kind: string;
  status: string;
  file_name: string;
  processed: number;
  total: number;
  created_count: number;
  updated_count: number;
  error_count: number;
  errors: string;
  message: string | null;
  user_id: number | null;
  started_at: string;
  finished_at: string | null;
  area_id: Generated<number | null>;
  preview: Generated<string | null>;
}

export interface HouseholdTable {
  id: Generated<number>;
  area_id: number;
  area_path: string;
  room: string;
  address: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_last4: string | null;
  tags: string;
  head_resident_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ResidentTable {
  id: Generated<number>;
  household_id: number;
  area_id: number;
  area_path: string;
  name: string;
  /** Pinyin initials, e.g. 张三 → zs, for search from a phone keyboard. */
  name_initials: string;
  name_pinyin: string;
  gender: string;
  birth_date: string;
  id_enc: string;
  id_hash: string;
  id_last4: string;
  id_prefix4: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_last4: string | null;
  phone_prefix3: string | null;
  relation: string;
  residence_type: string;
  status: string;
  /** Comma-wrapped tag list, `,独居老人,残疾人,`, so one tag is a LIKE '%,tag,%'. */
  tags: string;
  address: string;
  move_in_date: string | null;
  move_out_date: string | null;
  merged_into: number | null;
  created_at: string;
  updated_at: string;
}

export interface ResidentHistoryTable {
  id: Generated<number>;
  resident_id: number;
  household_id: number | null;
  at: string;
  kind: string;
  note: string | null;
  from_address: string | null;
  to_address: string | null;
  from_area_id: number | null;
  to_area_id: number | null;
  user_id: number | null;
  username: string | null;
}

export interface ImportFileTable {
  job_id: number;
  content: Buffer;
  created_at: string;
}

export interface AnnouncementTable {
  id: Generated<number>;
  area_id: number;
  area_path: string;
  title: string;
  /** Markdown; rendered to safe HTML when presented. */
  body: string;
  category: string;
  urgency: string;
  refutes: string | null;
  pinned: number;
  status: string;
  publish_at: string | null;
  expires_at: string | null;
  author_id: number | null;
  author_name: string | null;
  reviewer_id: number | null;
  reviewer_name: string | null;
  review_note: string | null;
  reviewed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** When the notice's group-chat deliveries were queued; null until it becomes visible. */
  pushed_at: string | null;
}

export interface AnnouncementVersionTable {
  id: Generated<number>;
  announcement_id: number;
  version: number;
  title: string;
  body: string;
  replaced_at: string;
  replaced_by: string | null;
}

export interface AnnouncementAckTable {
  id: Generated<number>;
  announcement_id: number;
  household_id: number | null;
  area_id: number;
  area_path: string;
  channel: string;
  recorded_by: number | null;
  at: string;
}

export interface AnnouncementWebhookTable {
  id: Generated<number>;
  area_id: number;
  area_path: string;
  name: string;
  /** wecom | dingtalk | feishu | json */
  kind: string;
  url: string;
  /** Signing secret (DingTalk, Feishu, generic JSON); never sent back in full. */
  secret: string | null;
  enabled: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface AnnouncementDeliveryTable {
  id: Generated<number>;
  announcement_id: number;
  webhook_id: number;
  /** queued | sending | delivered | failed | cancelled */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_http_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** One row per tag of a resident (not merged), with a copy of the resident's area path: the tag filter's index. */
export interface ResidentTagTable {
  resident_id: number;
  tag: string;
  area_path: string;
}

/** Self-report forms (自主申报). `draft` is the definition JSON being edited; `version` the published one residents answer. */
export interface FormTable {
  id: Generated<number>;
  area_id: number;
  area_path: string;
  title: string;
  /** survey | daily | continuous */
  mode: string;
  /** draft | published | closed */
  status: string;
  version: number | null;
  draft: string;
  draft_changed: number;
  opens_at: string | null;
  closes_at: string | null;
  verification: number;
  submission_count: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface FormVersionTable {
  id: Generated<number>;
  form_id: number;
  version: number;
  definition: string;
  published_at: string;
  published_by: string | null;
}

export interface FormLinkTable {
  id: Generated<number>;
  token: string;
  form_id: number;
  area_id: number;
  area_path: string;
  created_at: string;
}

export interface FormSubmissionTable {
  seq: Generated<number>;
  id: string;
  form_id: number;
  version: number;
  link_id: number;
  area_id: number;
  area_path: string;
  day: string;
  submitted_at: string;
  reporter_name: string;
  reporter_phone_enc: string;
  reporter_phone_hash: string;
  reporter_phone_last4: string;
  reporter_id_enc: string | null;
  reporter_id_hash: string | null;
  /** JSON; answers to phone/ID questions are stored encrypted (`enc:` prefix). */
  answers: string;
  flagged: number;
  dedupe_key: string | null;
  replaces_seq: number | null;
  replaced_at: string | null;
  deleted_at: string | null;
}

export interface FormTallyTable {
  form_id: number;
  area_path: string;
  day: string;
  field: string;
  option: string;
  count: number;
}

export interface FormTallyProgressTable {
  name: string;
  last_seq: number;
}

export interface FormAlertTable {
  id: Generated<number>;
  form_id: number;
  submission_seq: number;
  area_id: number;
  area_path: string;
  rule: string;
  detail: string;
  /** open | following | closed */
  status: string;
  assignee_id: number | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
}

export interface VerificationCodeTable {
  id: Generated<number>;
  phone_hash: string;
  purpose: string;
  code_hash: string;
  attempts: number;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface CaseCategoryTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: string;
  description: string | null;
  default_role: string;
  accept_hours: number;
  resolve_hours: number;
  public_reporting: number;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  area_id: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface InspectionTable {
  id: Generated<number>;
  area_id: number;
  area_path: string;
  title: string;
  kind: string;
  target: string | null;
  /** planned | recorded | closed */
  status: string;
  planned_at: string | null;
  inspector_id: number | null;
  score: number | null;
  recorded_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface InspectionItemTable {
  id: Generated<number>;
  inspection_id: number;
  position: number;
  item: string;
  passed: number | null;
  note: string | null;
  case_id: number | null;
}

export interface CaseTable {
  id: Generated<number>;
  reference: string;
  client_id: string | null;
  category_id: number;
  type: string;
  status: string;
  area_id: number;
  area_path: string;
  title: string;
  description: string;
  lat: number | null;
  lng: number | null;
  address: string | null;
  source: string;
  reporter_user_id: number | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_last4: string | null;
  household_id: number | null;
  needed_by: string | null;
  assignee_user_id: number | null;
  assignee_area_id: number | null;
  assignee_area_path: string | null;
  responsible_role: string;
  escalation_level: number;
  due_at: string | null;
  next_escalation_at: string | null;
  /** 1 once the case has gone past a time limit (for the overdue rate). */
  overdue_once: number;
  resolved_by: number | null;
  resolved_at: string | null;
  closed_at: string | null;
  rating: number | null;
  rating_note: string | null;
  inspection_id: number | null;
  inspection_item_id: number | null;
  tracking_token: string;
  api_key_id: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: number | null;
  actor_name: string | null;
  note: string | null;
  data: string | null;
}

export interface CaseAttachmentTable {
  id: Generated<number>;
  case_id: number | null;
  event_id: number | null;
  inspection_item_id: number | null;
  file: string;
  thumb_file: string | null;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  uploaded_by: number | null;
  public_upload: number;
  created_at: string;
}

export interface Database {
  areas: AreaTable;
  users: UserTable;
  sessions: SessionTable;
  assignments: AssignmentTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  import_jobs: ImportJobTable;
  import_files: ImportFileTable;
  households: HouseholdTable;
  residents: ResidentTable;
  resident_history: ResidentHistoryTable;
  resident_tags: ResidentTagTable;
  announcements: AnnouncementTable;
  announcement_versions: AnnouncementVersionTable;
  announcement_acks: AnnouncementAckTable;
  announcement_webhooks: AnnouncementWebhookTable;
  announcement_deliveries: AnnouncementDeliveryTable;
  forms: FormTable;
  form_versions: FormVersionTable;
  form_links: FormLinkTable;
  form_submissions: FormSubmissionTable;
  form_tallies: FormTallyTable;
  form_tally_progress: FormTallyProgressTable;
  form_alerts: FormAlertTable;
  verification_codes: VerificationCodeTable;
  case_categories: CaseCategoryTable;
  api_keys: ApiKeyTable;
  inspections: InspectionTable;
  inspection_items: InspectionItemTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_attachments: CaseAttachmentTable;
}

export type AreaRow = Selectable<AreaTable>;
export type NewAreaRow = Insertable<AreaTable>;
export type AreaRowUpdate = Updateable<AreaTable>;
export type UserRow = Selectable<UserTable>;
export type AssignmentRow = Selectable<AssignmentTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type ImportJobRow = Selectable<ImportJobTable>;
export type HouseholdRow = Selectable<HouseholdTable>;
export type ResidentRow = Selectable<ResidentTable>;
export type AnnouncementRow = Selectable<AnnouncementTable>;
export type AnnouncementWebhookRow = Selectable<AnnouncementWebhookTable>;
export type AnnouncementDeliveryRow = Selectable<AnnouncementDeliveryTable>;
export type FormRow = Selectable<FormTable>;
export type FormSubmissionRow = Selectable<FormSubmissionTable>;
export type FormAlertRow = Selectable<FormAlertTable>;
export type CaseRow = Selectable<CaseTable>;
export type CaseCategoryRow = Selectable<CaseCategoryTable>;
export type CaseAttachmentRow = Selectable<CaseAttachmentTable>;
