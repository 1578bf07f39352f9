import { ConfigError, loadConfig } from './config.ts';
import { randomBytes } from 'node:crypto';
import { startServer, type Vatio } from './app.ts';
import { SYSTEM_ACTOR } from './domains/auth/auth.service.ts';
import { createLogger } from './logger.ts';

/** `npm start` / `npm run serve`: the server, and with --with-simulator a small simulated fleet. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Vatio cannot start: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  const vatio = await startServer(config, { log });
  if (vatio.admin.generatedPassword) {
    // Printed once, on the first start of a fresh database; set VATIO_ADMIN_PASSWORD to choose it.
    console.log(`\n  First start: user "admin", password "${vatio.admin.generatedPassword}" (shown only now)\n`);
  }
  let stopSimulator: (() => Promise<void>) | null = null;
  if (process.argv.includes('--with-simulator') && config.SIMULATOR_VEHICLES > 0) {
    const { startSimulator } = await import('../../simulator/src/index.ts');
    const sim = await startSimulator({
      baseUrl: vatio.httpUrl,
      mqttUrl: vatio.mqttUrl,
      token: await vatio.issueAdminToken(),
      vehicles: config.SIMULATOR_VEHICLES,
      rate: config.SIMULATOR_RATE,
      seed: 1,
      prefix: 'demo',
      logger: log.child({ module: 'simulator' }),
    });
    log.info({ vehicles: config.SIMULATOR_VEHICLES }, 'built-in simulator driving');
    let stopWorkload: () => Promise<void> = async () => undefined;
    const token =
      config.SIMULATOR_ORDERS > 0
        ? await workloadToken(vatio).catch((err: unknown) => {
            log.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo workload not started');
            return null;
          })
        : null;
    if (token) {
      // the demo workload: skills for the crews, orders on an empty board, new ones as time goes by
      const { startDemoWorkload } = await import('../../simulator/src/index.ts');
      const workload = startDemoWorkload({
        baseUrl: vatio.httpUrl,
        token,
        vehicles: config.SIMULATOR_VEHICLES,
        seed: 1,
        prefix: 'demo',
        orders: config.SIMULATOR_ORDERS,
        ordersPerHour: config.SIMULATOR_ORDERS_PER_HOUR,
        logger: log.child({ module: 'demo-workload' }),
        // the simulated crews work what is dispatched to them: drive there, get set on site by the geofence, finish
        fleet: sim,
      });
      workload.ready.catch(() => undefined); // failures are logged by the workload
      stopWorkload = () => workload.stop();
    }
    stopSimulator = async () => {
      await stopWorkload();
      await sim.stop();
    };
  }
  console.log(`\n  Vatio console: ${vatio.httpUrl}   (MQTT ${vatio.mqttUrl})\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await stopSimulator?.().catch(() => undefined);
    await vatio.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * A session of user `simulador` (dispatcher), created on first use: the demo workload acts under
 * its own name, so the board's history says which changes were simulated and the workload can
 * tell a person's changes from its own. A disabled `simulador` cannot sign in: no workload then.
 */
async function workloadToken(vatio: Vatio): Promise<string> {
  const auth = vatio.services.auth;
  const found = (await auth.listUsers()).find((u) => u.username === 'simulador');
  const user = found
    ? { id: found.id, username: found.username, displayName: found.displayName, roles: found.roles }
    : await auth.createUser(SYSTEM_ACTOR, {
        username: 'simulador',
        // never used to sign in: the session below is issued in-process
        password: randomBytes(24).toString('base64url'),
        displayName: 'Simulador (demo)',
        roles: ['dispatcher'],
      });
  if (found?.disabled) throw new Error('user "simulador" is disabled');
  return (await auth.issueSession(user.id, user)).token;
}

main().catch((err: unknown) => {
  console.error('Vatio failed to start:', err instanceof Error ? err.message : err);
  if (err instanceof Error && err.cause) console.error('  cause:', err.cause);
  process.exit(1);
});
