// The S3-compatible server for the storage tests (s3-test-server.ts starts it), in a process of
// its own because:
// - s3rver 3.7.1 makes ListObjectsV2 continuation tokens with DES, which Node ≥ 17 (OpenSSL 3)
//   only offers with --openssl-legacy-provider (jamhall/s3rver#818): a flag for this process only;
// - its logger takes over uncaught exceptions, which must stay out of the test worker.
import { rmSync } from "node:fs";
import S3rver from "s3rver";

const directory = process.argv[2];
if (!directory || !process.send) {
  console.error("usage: fork(s3-test-server.child.mjs, [directory]) with an IPC channel");
  process.exit(2);
}
const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
const { port } = await server.run();
process.send({ port });
// A fake with a throwaway folder: nothing to flush. When the tests are done, or their process is
// gone, the folder goes too.
process.on("disconnect", () => {
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
