import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './app.ts';
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
    stopSimulator = () => sim.stop();
    log.info({ vehicles: config.SIMULATOR_VEHICLES }, 'built-in simulator driving');
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

main().catch((err: unknown) => {
  console.error('Vatio failed to start:', err instanceof Error ? err.message : err);
  if (err instanceof Error && err.cause) console.error('  cause:', err.cause);
  process.exit(1);
});
