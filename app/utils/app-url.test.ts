import { describe, expect, it } from "vitest";
import { appUrlReach } from "./app-url";

describe("appUrlReach", () => {
  it.each([
    ["http://localhost:3000", "local"],
    ["http://LOCALHOST", "local"],
    ["http://buurt.localhost:3000", "local"],
    ["http://127.0.0.1:3210", "local"],
    ["http://127.8.9.1", "local"],
    ["http://[::1]:3000", "local"],
    ["http://[::ffff:127.0.0.1]:3000", "local"],
    ["http://0.0.0.0:3000", "local"],
    ["http://192.168.1.20:3000", "private"],
    ["http://10.0.0.5", "private"],
    ["http://172.16.0.1", "private"],
    ["http://172.31.255.255", "private"],
    ["http://[fd12:3456::1]", "private"],
    ["http://[::ffff:192.168.1.2]", "private"],
    ["http://buurtkracht.local", "private"],
    ["http://server.lan:3000", "private"],
    ["http://app:3000", "private"],
    ["http://172.32.0.1", "public"],
    ["http://8.8.8.8", "public"],
    ["https://buurtkracht.nl", "public"],
    ["https://localhost.buurtkracht.nl", "public"],
    ["https://127.0.0.1.nip.io", "public"],
    ["https://[2001:db8::1]", "public"],
    ["not a url", "public"],
  ])("%s → %s", (url, reach) => expect(appUrlReach(url)).toBe(reach));
});
