import { auth } from "./auth";
import { common } from "./common";
import { lending } from "./lending";
import { matching } from "./matching";
import { moderation } from "./moderation";
import { money } from "./money";
import { needs } from "./needs";
import { notifications } from "./notifications";
import { payments } from "./payments";
import { pledges } from "./pledges";
import { projects } from "./projects";
import { reconciliation } from "./reconciliation";
import { reputation } from "./reputation";

/**
 * Every feature's catalogue. Add a feature by adding its file here; keys must be unique across
 * catalogues (checked by app/i18n/i18n.test.ts).
 */
export const catalogs = {
  common,
  auth,
  lending,
  matching,
  moderation,
  money,
  needs,
  notifications,
  payments,
  projects,
  pledges,
  reconciliation,
  reputation,
};
