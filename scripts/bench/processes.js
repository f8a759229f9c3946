'use strict';
/** Child processes of the benchmark, and what /proc says about them. */
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const net = require('node:net');

/** Linux's clock tick for /proc/<pid>/stat times (sysconf(_SC_CLK_TCK)); 100 on every Debian kernel. */
const CLOCK_TICKS_PER_SECOND = 100;
const MICROSECONDS_PER_TICK = 1e6 / CLOCK_TICKS_PER_SECOND;
const READY_TIMEOUT_MS = 20_000;

/** A port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a child that lives until `stopAll`; its output goes to the log file given. */
function start(children, name, command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if (!child.stopping)
      process.stderr.write(`bench: ${name} exited (${code ?? signal})\n${stderr}`);
  });
  children.push(child);
  return child;
}

async function stopAll(children) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.stopping = true;
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Waits until `url` answers with `status`. */
async function waitFor(url, status = 200, headers = {}) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${READY_TIMEOUT_MS} ms`);
}

/** User plus system CPU time of a process so far, in microseconds. */
function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MICROSECONDS_PER_TICK;
}

/** Resident memory of a process now, in MB. */
function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** What the machine is, and how busy: the figures mean little without it. */
function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  const cores = require('node:os').availableParallelism();
  return {
    model,
    cores,
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

module.exports = { freePort, start, stopAll, waitFor, cpuMicros, rssMb, machine };
