import { z } from 'zod';

/** Group-chat push: webhooks per area that receive every notice published for that area or above it. */

/** WeCom (企业微信) group robot, DingTalk (钉钉) custom robot, Feishu (飞书) custom bot, or a generic JSON endpoint. */
export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'feishu', 'json'] as const;
export const DELIVERY_STATUSES = ['queued', 'sending', 'delivered', 'failed', 'cancelled'] as const;
export const ZWebhookKind = z.enum(WEBHOOK_KINDS);
export type WebhookKind = z.infer<typeof ZWebhookKind>;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const ZUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/[^\s]+$/i, 'use the full http(s) address of the robot, as the group chat shows it');

export const ZWebhookCreate = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  kind: ZWebhookKind,
  url: ZUrl,
  /** Signing secret: DingTalk "加签" (SEC…), Feishu "签名校验", or the HMAC key of a generic JSON webhook. */
  secret: z.string().trim().max(500).nullish(),
  enabled: z.boolean().default(true),
});
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z.object({
  name: z.string().trim().min(1, 'name is required').max(100).optional(),
  url: ZUrl.optional(),
  /** A new secret; `null` or "" removes it, leaving it out keeps the current one. */
  secret: z.string().trim().max(500).nullish(),
  enabled: z.boolean().optional(),
});
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZWebhookQuery = z.object({ area: z.coerce.number().int().positive() });

export const ZWebhook = z.object({
  id: z.number().int(),
  areaId: z.number().int(),
  areaName: z.string(),
  name: z.string(),
  kind: ZWebhookKind,
  /** The address with its token masked (access_token=…, key=…, /hook/…). */
  url: z.string(),
  /** The secret masked (`SEC1…89`), or null when none is set. */
  secret: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWebhook = z.infer<typeof ZWebhook>;
export const ZWebhookList = z.object({ items: z.array(ZWebhook) });

export const ZDeliveryQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const ZDelivery = z.object({
  id: z.number().int(),
  announcementId: z.number().int(),
  announcementTitle: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TDelivery = z.infer<typeof ZDelivery>;
export const ZDeliveryList = z.object({ webhookId: z.number().int(), items: z.array(ZDelivery) });
