import type { Kysely } from 'kysely';
import type { AppConfig } from './config.js';
import type { DialectName } from './db/dialect.js';
import type { Database } from './db/types.js';
import type { VerificationSender } from './forms/public-forms.service.js';
import type { PersonalDataCipher } from './registry/personal-data-cipher.js';

/** What every service needs: the database and the configuration. Built once in main, handed to buildApp. */
export interface Deps {
  db: Kysely<Database>;
  dialect: DialectName;
  config: AppConfig;
  cipher: PersonalDataCipher;
  /** The clock background work (the group-chat delivery worker) reads; tests pass a movable one. */
  clock?: () => Date;
  /** Sends verification codes to residents' phones; without one, codes go to the log (development). */
  verificationSender?: VerificationSender;
}
