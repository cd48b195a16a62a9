/**
 * A throwaway PostgreSQL server for a test: a fresh cluster in a temp folder (Debian's `postgresql`
 * package; `.ci/run` installs it), listening on 127.0.0.1 and on a socket in that folder, trust
 * authentication, stopped and removed by `stop()`. `initdb` refuses to run as root, so as root the
 * cluster belongs to the `postgres` user the package creates.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort, startProcess, waitUntil } from "./processes.js";

export interface RunningPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  stop(): Promise<void>;
}

/** The newest installed server's binaries (Debian keeps them under /usr/lib/postgresql/<major>/bin). */
export function postgresBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? join(root, majors[0], "bin") : undefined;
}

/** An administrator's command by absolute path: a CI shell's PATH often leaves out /usr/sbin and /sbin. */
function sbin(name: string): string {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin", "/usr/bin", "/bin"];
  const found = dirs
    .filter((d) => d !== "")
    .map((d) => join(d, name))
    .find((p) => existsSync(p));
  if (found === undefined) throw new Error(`${name} is not installed (util-linux), and it runs the server as postgres`);
  return found;
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinaries();
  if (bin === undefined) {
    throw new Error("PostgreSQL is not installed (apt-get install -y postgresql; .ci/run does it when missing)");
  }
  const dir = mkdtempSync(join(tmpdir(), "dd-postgres-"));
  const data = join(dir, "data");
  const root = process.getuid?.() === 0;
  // As root, run the server's commands as `postgres`, which must own the folder.
  const runuser = root ? sbin("runuser") : "";
  const as = (command: string, args: string[]): [string, string[]] =>
    root ? [runuser, ["-u", "postgres", "--", command, ...args]] : [command, args];
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  const [initdb, initArgs] = as(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  execFileSync(initdb, initArgs, { stdio: "pipe", timeout: 60_000 });
  const port = await freePort();
  const [postgres, args] = as(join(bin, "postgres"), [
    "-D",
    data,
    "-k",
    dir,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
  ]);
  // SIGINT is Postgres' "fast" shutdown: clients are disconnected, the cluster is left consistent.
  const server = startProcess(postgres, args, { signal: "SIGINT", graceMs: 10_000 });
  const isReady = join(bin, "pg_isready");
  const accepting = () => {
    try {
      execFileSync(isReady, ["-h", "127.0.0.1", "-p", String(port)], { stdio: "ignore", timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  };
  await waitUntil("postgres", server, () => Promise.resolve(accepting()));
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
