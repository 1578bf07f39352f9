import { describe, expect, it } from 'vitest';
import { devicePublishAllowed, deviceSubscribeAllowed } from './broker.ts';

describe('device topic ACL', () => {
  const me = { deviceId: 'u1', owntracksUser: 'ana', crewId: 'c9' };
  it('lets a unit publish only under its own topics', () => {
    expect(devicePublishAllowed(me, 'vatio/v1/devices/u1/fix')).toBe(true);
    expect(devicePublishAllowed(me, 'vatio/v1/devices/u1/status')).toBe(true);
    expect(devicePublishAllowed(me, 'vatio/v1/devices/u2/fix')).toBe(false);
    expect(devicePublishAllowed(me, 'vatio/v1/devices/u1/fix/extra')).toBe(false);
    expect(devicePublishAllowed(me, 'owntracks/ana/u1')).toBe(true);
    expect(devicePublishAllowed(me, 'owntracks/ana/u1/event')).toBe(true);
    expect(devicePublishAllowed(me, 'owntracks/bob/u1')).toBe(false);
    expect(devicePublishAllowed(me, 'vatio/v1/crews/c9/orders')).toBe(false);
  });
  it('lets a unit subscribe to its crew orders and its OwnTracks commands only', () => {
    expect(deviceSubscribeAllowed(me, 'vatio/v1/crews/c9/orders')).toBe(true);
    expect(deviceSubscribeAllowed(me, 'vatio/v1/crews/c1/orders')).toBe(false);
    expect(deviceSubscribeAllowed(me, 'owntracks/ana/u1/cmd')).toBe(true);
    expect(deviceSubscribeAllowed(me, '#')).toBe(false);
  });
});
