import { describe, expect, it } from 'vitest';
import { backoffDelay, parseServerMessage, socketUrl } from './socket.ts';

describe('backoffDelay', () => {
  it('doubles per attempt up to the ceiling, with half of it random', () => {
    expect(backoffDelay(0, { baseMs: 1000, maxMs: 30_000 }, () => 0)).toBe(500);
    expect(backoffDelay(0, { baseMs: 1000, maxMs: 30_000 }, () => 1)).toBe(1000);
    expect(backoffDelay(3, { baseMs: 1000, maxMs: 30_000 }, () => 1)).toBe(8000);
    expect(backoffDelay(20, { baseMs: 1000, maxMs: 30_000 }, () => 1)).toBe(30_000);
  });
});

describe('parseServerMessage', () => {
  it('accepts a valid status message and drops garbage', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'vehicle.status', data: [{ vehicleId: 'v1', status: 'offline' }] }))).toEqual({
      type: 'vehicle.status',
      data: [{ vehicleId: 'v1', status: 'offline' }],
    });
    expect(parseServerMessage('{not json')).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: 'positions', data: [{ vehicleId: 'v1' }] }))).toBeNull();
  });
});

describe('socketUrl', () => {
  it('uses wss on https and passes the token', () => {
    expect(socketUrl({ protocol: 'https:', host: 'vatio.example' }, 'a b')).toBe('wss://vatio.example/ws?token=a%20b');
    expect(socketUrl({ protocol: 'http:', host: 'localhost:8080' }, null)).toBe('ws://localhost:8080/ws');
  });
});
