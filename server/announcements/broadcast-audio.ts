import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../http/errors.js';

/** Longest a speech engine may take for one notice before we give up. */
const SPEAK_TIMEOUT_MS = 120_000;

/**
 * Read `text` aloud with an espeak-ng compatible command (Mandarin voice `cmn`) into a WAV file and
 * hand it back as a stream; the temporary file is removed once the stream closes. The text goes in
 * on stdin, so nothing in a notice can become a command-line option.
 * Throws AUDIO_UNAVAILABLE when the command is not installed.
 * @example const { stream, size } = await speakToWav('espeak-ng', '各位村民请注意')
 */
export async function speakToWav(command: string, text: string): Promise<{ stream: Readable; size: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'wangge-speech-'));
  const file = join(dir, 'broadcast.wav');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, ['-v', 'cmn', '-w', file, '--stdin'], { stdio: ['pipe', 'ignore', 'pipe'], timeout: SPEAK_TIMEOUT_MS });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        if (stderr.length < 2000) stderr += String(chunk);
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') reject(new AppError('AUDIO_UNAVAILABLE', `no speech engine on this server: install espeak-ng (apt-get install -y espeak-ng) to download broadcasts as audio ("${command}" is missing)`));
        else reject(err);
      });
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${command} stopped with ${signal ?? `exit code ${code}`}: ${stderr.trim()}`));
      });
      child.stdin.on('error', () => {}); // the error or close event reports the cause
      child.stdin.end(text, 'utf8');
    });
    const { size } = await stat(file);
    const stream = createReadStream(file);
    stream.once('close', () => void cleanup());
    return { stream, size };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
