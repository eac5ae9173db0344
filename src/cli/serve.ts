import { loadConfig } from '../server/config.ts';
import { startServer } from '../server/main.ts';

export async function serveCommand() {
  const config = loadConfig();
  const server = await startServer(config, console.log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    await server.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
