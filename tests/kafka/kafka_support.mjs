// What the JavaScript tests against `ecomsim broker` share (kafka_support.h is the C++
// tests'): the ecomsim binary, and a broker of the test's own.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ECOMSIM = process.env.ECOMSIM_BIN ?? new URL('../../build/release/ecomsim', import.meta.url).pathname;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts `ecomsim broker --port 0` with `args` (such as ['--partitions', '3']) as a child
// process that writes its address to a file in `dir`, and resolves, once it has, to
// { broker, address }: the child and the bootstrap servers. Throws if the broker exits
// first or has not written it within 10 s. The caller stops the broker by its pid
// (process.kill(broker.pid, 'SIGTERM')).
export async function startBroker(dir, args) {
  const addressFile = join(dir, 'address');
  const broker = spawn(ECOMSIM, ['broker', '--port', '0', ...args, '--address-file', addressFile],
                       { stdio: ['pipe', 'ignore', 'inherit'] });
  for (let waited = 0; !existsSync(addressFile); waited += 20) {
    if (waited > 10000 || broker.exitCode !== null) throw new Error('ecomsim broker did not start');
    await sleep(20);
  }
  return { broker, address: readFileSync(addressFile, 'utf8').trim() };
}
