import type Router from '@koa/router';
import { crewInput, deviceInput, slugId, vehicleInput } from '../../contracts/index.ts';
import { readBody } from '../../http/body.ts';
import { actorOf, addRoute, parse } from '../../http/route.ts';
import type { FleetService } from './fleet.service.ts';

const readers = ['dispatcher', 'supervisor', 'planner'] as const;

export function fleetRoutes(router: Router, fleet: FleetService): void {
  addRoute(router, {
    method: 'post',
    path: '/api/v1/crews',
    access: ['admin'],
    handler: async (ctx) => {
      const input = parse(crewInput, await readBody(ctx));
      ctx.status = 201;
      ctx.body = await fleet.createCrew(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/crews',
    access: readers,
    handler: async (ctx) => {
      ctx.body = { crews: await fleet.listCrews() };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/vehicles',
    access: ['admin'],
    handler: async (ctx) => {
      const input = parse(vehicleInput, await readBody(ctx));
      ctx.status = 201;
      ctx.body = await fleet.createVehicle(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/vehicles',
    access: readers,
    handler: async (ctx) => {
      ctx.body = { vehicles: await fleet.listVehicles() };
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/devices',
    access: ['admin'],
    handler: async (ctx) => {
      const input = parse(deviceInput, await readBody(ctx));
      ctx.status = 201;
      ctx.body = await fleet.createDevice(actorOf(ctx), input);
    },
  });
  addRoute(router, {
    method: 'post',
    path: '/api/v1/devices/:id/secret',
    access: ['admin'],
    handler: async (ctx) => {
      const id = parse(slugId, ctx.params['id']);
      ctx.body = await fleet.rotateDeviceSecret(actorOf(ctx), id);
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/devices',
    access: ['admin'],
    handler: async (ctx) => {
      ctx.body = { devices: await fleet.listDevices() };
    },
  });
  addRoute(router, {
    method: 'get',
    path: '/api/v1/devices/mosquitto-passwd',
    access: ['admin'],
    handler: async (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = await fleet.mosquittoPasswordFile();
    },
  });
}
