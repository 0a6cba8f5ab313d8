import { defineJob } from "../services.server";
import { expireExports, prepareRequestedExports } from "./exports.server";

/** Privacy's job (listed in app/wiring.server.ts): requested archives prepared, old ones expired. */
export const dataExportsJob = defineJob({
  name: "privacy.prepare-exports",
  sweep: true,
  async run({ db, storage, extensions, now }) {
    const prepared = await prepareRequestedExports({ db, storage, personalData: extensions.personalData, now });
    const expired = await expireExports({ db, storage, now });
    return { processed: prepared + expired };
  },
});
