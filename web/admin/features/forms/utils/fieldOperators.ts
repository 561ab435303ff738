import type { AlertOp, ConditionOp, FieldType } from '../../../../../common/form-definition';

/** Show-if operators that make sense for an earlier question of this type. */
export function conditionOpsFor(type: FieldType): ConditionOp[] {
  switch (type) {
    case 'yes_no':
      return ['eq', 'neq', 'answered', 'not_answered'];
    case 'single_choice':
      return ['eq', 'neq', 'in', 'answered', 'not_answered'];
    case 'multiple_choice':
      return ['includes', 'answered', 'not_answered'];
    case 'number':
    case 'temperature':
      return ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'answered', 'not_answered'];
    case 'text':
    case 'phone':
    case 'id_number':
    case 'date':
    case 'time':
      return ['eq', 'neq', 'answered', 'not_answered'];
    default:
      return ['answered', 'not_answered'];
  }
}

/** Alert operators that make sense for a question of this type. */
export function alertOpsFor(type: FieldType): AlertOp[] {
  switch (type) {
    case 'number':
    case 'temperature':
      return ['gte', 'gt', 'lte', 'lt', 'eq', 'neq'];
    case 'yes_no':
    case 'single_choice':
      return ['eq', 'neq'];
    case 'multiple_choice':
      return ['includes'];
    case 'itinerary':
      return ['itinerary_through'];
    case 'text':
      return ['eq', 'neq', 'includes'];
    default:
      return ['eq', 'neq'];
  }
}

/** Types a show-if may look at or an alert may watch (a heading has no answer, a photo nothing to compare). */
export const ANSWERABLE = (type: FieldType) => type !== 'section';
export const WATCHABLE = (type: FieldType) => type !== 'section' && type !== 'photo' && type !== 'address';

export const NUMERIC: ReadonlySet<FieldType> = new Set(['number', 'temperature']);
