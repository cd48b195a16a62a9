/**
 * A local server that speaks the part of the Hugging Face Hub's API that registering a published dataset uses
 * (there is no Hub access here): resolving a revision (`/api/datasets/{repo}/revision/{rev}`), listing a
 * commit's tree recursively in pages linked by the `Link` header (`/api/datasets/{repo}/tree/{rev}`), and
 * serving files with byte ranges (`/datasets/{repo}/resolve/{rev}/{path}`). Files at or above `lfsFrom` bytes
 * are listed as LFS files (their `lfs.oid` is their SHA-256), smaller ones as stored in git. A gated dataset
 * answers 401 without its token; faults for the tests: a tree page cut short, a server that stops answering.
 * Listens on 127.0.0.1 only; `stop()` closes it and every connection.
 */
import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join, relative, sep } from "node:path";

/** One file of the served dataset: its bytes (git-stored, or LFS whose bytes can be fetched), or only its leaf. */
export interface HubFile {
  path: string;
  size: number;
  sha256: string;
  lfs: boolean;
  bytes?: Uint8Array;
}

export interface HubServerOptions {
  repo: string;
  files: HubFile[];
  /** The commit every revision in `refs` resolves to (default: a hash of the listing). */
  commit?: string;
  /** Branches and tags (default `main`); the commit itself always resolves. */
  refs?: string[];
  /** Entries per tree page (default 1,000). */
  pageSize?: number;
  /** A gated dataset: every request needs `Authorization: Bearer <token>`. */
  token?: string;
  /** The listing's SHA-256 for these paths instead of their own (a listing that is not the data). */
  listedSha256?: Record<string, string>;
  /** Paths listed as they are given (not checked): a listing that escapes the dataset. */
  extraPaths?: string[];
  /** On tree page `page` (0-based): cut its body short, or never answer. */
  fault?: { page: number; kind: "cut-short" | "hang" };
}

export interface RunningHub {
  url: string;
  commit: string;
  /** Bytes of file content served (git files and sampled LFS files). */
  bytesServed(): number;
  /** Request paths, in order. */
  requests: string[];
  stop(): Promise<void>;
}

/** The files of `folder` as a Hub serves them: at or above `lfsFrom` bytes in LFS, the rest in git. */
export async function hubFilesFromFolder(folder: string, lfsFrom = 1024): Promise<HubFile[]> {
  const out: HubFile[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const bytes = await readFile(full);
        out.push({
          path: relative(folder, full).split(sep).join("/"),
          size: (await stat(full)).size,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          lfs: bytes.length >= lfsFrom,
          bytes,
        });
      }
    }
  };
  await walk(folder);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const gitBlobOid = (f: HubFile) =>
  f.bytes === undefined
    ? createHash("sha1").update(f.sha256).digest("hex")
    : createHash("sha1").update(`blob ${f.size}\0`).update(f.bytes).digest("hex");

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startHub(options: HubServerOptions): Promise<RunningHub> {
  const { repo, files } = options;
  const pageSize = options.pageSize ?? 1000;
  const commit =
    options.commit ??
    createHash("sha1")
      .update(files.map((f) => `${f.path}:${f.sha256}`).join("\n"))
      .digest("hex");
  const refs = new Set([...(options.refs ?? ["main"]), commit]);
  // The recursive listing: each folder once, then files, all sorted by path (as the Hub lists them).
  const folders = new Set<string>();
  for (const f of files) {
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  const entries = [
    ...[...folders].map((path) => ({
      type: "directory",
      oid: createHash("sha1").update(path).digest("hex"),
      size: 0,
      path,
    })),
    ...files.map((f) => ({
      type: "file",
      oid: gitBlobOid(f),
      size: f.lfs ? 134 : f.size,
      path: f.path,
      ...(f.lfs ? { lfs: { oid: options.listedSha256?.[f.path] ?? f.sha256, size: f.size, pointerSize: 134 } } : {}),
    })),
    ...(options.extraPaths ?? []).map((path) => ({ type: "file", oid: "0".repeat(40), size: 1, path })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(files.map((f) => [f.path, f]));
  let served = 0;
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url.pathname + url.search);
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      json(res, 401, {
        error: `Access to dataset ${repo} is restricted. You must have access to it and be authenticated.`,
      });
      return;
    }
    const api = `/api/datasets/${repo}/`;
    if (url.pathname.startsWith(`${api}revision/`)) {
      const rev = decodeURIComponent(url.pathname.slice(`${api}revision/`.length));
      if (!refs.has(rev)) {
        json(res, 404, { error: "Revision Not Found" }, { "X-Error-Code": "RevisionNotFound" });
        return;
      }
      json(res, 200, {
        _id: "0".repeat(24),
        id: repo,
        private: false,
        gated: options.token === undefined ? false : "auto",
        downloads: 0,
        likes: 0,
        lastModified: "2026-12-01T00:00:00.000Z",
        sha: commit,
      });
      return;
    }
    if (url.pathname.startsWith(`${api}tree/`)) {
      const rev = decodeURIComponent(url.pathname.slice(`${api}tree/`.length));
      if (!refs.has(rev)) {
        json(res, 404, { error: "Revision Not Found" }, { "X-Error-Code": "RevisionNotFound" });
        return;
      }
      const cursor = Number(url.searchParams.get("cursor") ?? "0");
      const page = Math.floor(cursor / pageSize);
      const body = JSON.stringify(entries.slice(cursor, cursor + pageSize));
      const next = cursor + pageSize < entries.length ? cursor + pageSize : undefined;
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (next !== undefined) {
        const link = new URL(url.pathname, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        link.search = `recursive=true&expand=false&cursor=${next}`;
        headers.Link = `<${link.href}>; rel="next"`;
      }
      if (options.fault?.page === page && options.fault.kind === "hang") return; // never answers
      if (options.fault?.page === page && options.fault.kind === "cut-short") {
        res.writeHead(200, headers);
        res.write(body.slice(0, Math.floor(body.length / 2)));
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, headers);
      res.end(body);
      return;
    }
    const resolve = `/datasets/${repo}/resolve/`;
    if (url.pathname.startsWith(resolve)) {
      const rest = url.pathname.slice(resolve.length);
      const slash = rest.indexOf("/");
      const rev = decodeURIComponent(rest.slice(0, slash));
      const file = byPath.get(decodeURIComponent(rest.slice(slash + 1)));
      if (!refs.has(rev) || file === undefined || file.bytes === undefined) {
        json(res, 404, { error: "Entry not found" }, { "X-Error-Code": "EntryNotFound" });
        return;
      }
      // As the Hub: an LFS file's ETag is its SHA-256, a git file's its blob id.
      const etag = `"${file.lfs ? file.sha256 : gitBlobOid(file)}"`;
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      if (range !== null) {
        const start = Number(range[1]);
        const end = range[2] === "" ? file.size - 1 : Math.min(Number(range[2]), file.size - 1);
        const slice = file.bytes.subarray(start, end + 1);
        served += slice.length;
        res.writeHead(206, {
          "Content-Type": "application/octet-stream",
          "Content-Range": `bytes ${start}-${end}/${file.size}`,
          "Content-Length": String(slice.length),
          "Accept-Ranges": "bytes",
          ETag: etag,
        });
        res.end(slice);
        return;
      }
      served += file.bytes.length;
      res.writeHead(200, {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(file.size),
        "Accept-Ranges": "bytes",
        ETag: etag,
      });
      res.end(file.bytes);
      return;
    }
    json(res, 404, { error: "Repository Not Found" }, { "X-Error-Code": "RepoNotFound" });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    commit,
    bytesServed: () => served,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
