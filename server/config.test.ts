import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("loadConfig", () => {
  it("lists the app's and the storage's problems in one message", () => {
    expect(() => loadConfig({ PORT: "abc", STORAGE: "s3" })).toThrow(/PORT[\s\S]*S3_BUCKET: required when STORAGE=s3/);
  });

  it("reads STORAGE=s3 into a storage configuration", () => {
    const { storage } = loadConfig({ STORAGE: "s3", S3_BUCKET: "buurt-uploads", S3_REGION: "eu-central-1", S3_ENDPOINT: "http://127.0.0.1:9000" });
    expect(storage).toMatchObject({ kind: "s3", s3: { bucket: "buurt-uploads", region: "eu-central-1", forcePathStyle: true } });
    expect(loadConfig({}).storage).toEqual({ kind: "local" });
  });
});
