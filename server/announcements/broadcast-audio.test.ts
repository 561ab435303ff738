import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario } from '../test/scenario.js';

/** CI installs espeak-ng (`apt-get install -y espeak-ng`); without it only the 501 path is checked. */
const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;

async function draft(t: TestDb) {
  const s = await buildScenario(t);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/announcements',
    headers: { cookie: s.cookies.admin },
    payload: { title: '核酸检测通知', body: '各位村民请注意：3月5日14:30在村委会门口检测，请带好身份证，体温超过37.3℃请先报告。', areaId: s.east.id, category: 'epidemic_update' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { s, id: res.json().id as number };
}

describeEachDialect('broadcast audio', (t) => {
  it.runIf(hasEspeak)('reads the broadcast script aloud as a WAV file of more than a second', async () => {
    const { s, id } = await draft(t);
    const res = await t.app.inject({ method: 'GET', url: `/api/announcements/${id}/broadcast.wav`, headers: { cookie: s.cookies.eastLeader } });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    const wav = res.rawPayload;
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
    // Duration from the fmt chunk: data bytes / byte rate.
    const byteRate = wav.readUInt32LE(28);
    const dataAt = wav.indexOf('data', 12, 'latin1');
    expect(dataAt).toBeGreaterThan(0);
    const dataBytes = Math.min(wav.readUInt32LE(dataAt + 4), wav.length - dataAt - 8);
    expect(dataBytes / byteRate).toBeGreaterThan(1);
  });

  it('does not read a notice to someone who cannot see it', async () => {
    const { s, id } = await draft(t);
    const res = await t.app.inject({ method: 'GET', url: `/api/announcements/${id}/broadcast.wav`, headers: { cookie: s.cookies.westLeader } });
    expect(res.statusCode).toBe(404);
  });
});

describeEachDialect(
  'broadcast audio without a speech engine',
  (t) => {
    it('answers 501 AUDIO_UNAVAILABLE and says to install espeak-ng', async () => {
      const { s, id } = await draft(t);
      const res = await t.app.inject({ method: 'GET', url: `/api/announcements/${id}/broadcast.wav`, headers: { cookie: s.cookies.eastLeader } });
      expect(res.statusCode).toBe(501);
      expect(res.json().error.code).toBe('AUDIO_UNAVAILABLE');
      expect(res.json().error.message).toContain('install espeak-ng');
      const zh = await t.app.inject({ method: 'GET', url: `/api/announcements/${id}/broadcast.wav`, headers: { cookie: s.cookies.eastLeader, 'accept-language': 'zh-CN,zh;q=0.9' } });
      expect(zh.json().error.message).toContain('请安装 espeak-ng');
    });
  },
  { speechCommand: 'wangge-no-such-speech-engine' },
);
