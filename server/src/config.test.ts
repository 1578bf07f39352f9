import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.MQTT_PORT).not.toBe(1883);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const keys = (err as ConfigError).issues.map((i) => i.split(':')[0]);
      expect(keys.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    }
  });

  it('refuses an offline threshold not above the online one', () => {
    expect(() => loadConfig({ LIVE_ONLINE_SECONDS: '60', LIVE_OFFLINE_SECONDS: '30' })).toThrow(/LIVE_OFFLINE_SECONDS/);
  });
});
