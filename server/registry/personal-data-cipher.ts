import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Encrypts personal data at rest (AES-256-GCM) and makes keyed hashes (HMAC-SHA256) for exact lookup,
 * so an ID number can be found without being stored in the clear. Both keys derive from one master key.
 */
export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed hash of a normalized value, for unique constraints and exact search. */
  hash(plain: string): string;
  /** Encrypt bytes (an uploaded file kept between preview and confirm): iv, tag and body in one buffer. */
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(sealed: Buffer): Buffer;
}

/** Build a cipher from a 32-byte master key. */
export function createCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length !== 32) throw new Error('the encryption key must be 32 bytes (64 hex characters or 44 base64 characters)');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'wangge personal data encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'wangge personal data lookup', 32));
  // IVs come from the system CSPRNG a few thousand at a time: one randomBytes call per value costs a
  // quarter of an encryption, which adds up when an import encrypts 200,000 numbers.
  let ivPool = Buffer.alloc(0);
  let ivAt = 0;
  const nextIv = () => {
    if (ivAt + 12 > ivPool.length) {
      ivPool = randomBytes(12 * 4096);
      ivAt = 0;
    }
    ivAt += 12;
    return ivPool.subarray(ivAt - 12, ivAt);
  };
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(stored) {
      if (!stored.startsWith('v1:')) throw new Error('unknown encryption format');
      const raw = Buffer.from(stored.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(plain) {
      return createHmac('sha256', macKey).update(plain.trim().toUpperCase()).digest('hex');
    },
    encryptBytes(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = cipher.update(plain);
      const last = cipher.final();
      return Buffer.concat([iv, cipher.getAuthTag(), body, last]);
    },
    decryptBytes(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', encKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      const body = decipher.update(sealed.subarray(28));
      const last = decipher.final();
      return last.length ? Buffer.concat([body, last]) : body;
    },
  };
}

/** Parse a key given as 64 hex characters or base64 of 32 bytes. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('WANGGE_ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters (make one with: openssl rand -hex 32)');
  return key;
}

/**
 * The master key: WANGGE_ENCRYPTION_KEY when set (production, several processes), otherwise a key
 * file made once in the data folder (embedded use). Losing the key loses the encrypted data.
 */
export function loadMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return parseKey(configured);
  const file = join(dataDir, 'encryption.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
