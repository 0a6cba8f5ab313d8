import { auth } from "./auth";
import { buurt } from "./buurt";
import { common } from "./common";
import { ideas } from "./ideas";
import { lending } from "./lending";
import { map } from "./map";
import { matching } from "./matching";
import { moderation } from "./moderation";
import { money } from "./money";
import { needs } from "./needs";
import { notifications } from "./notifications";
import { payments } from "./payments";
import { pledges } from "./pledges";
import { privacy } from "./privacy";
import { projects } from "./projects";
import { questions } from "./questions";
import { reconciliation } from "./reconciliation";
import { reputation } from "./reputation";
import { team } from "./team";
import { communityLoans } from "./community-loans";
import { recurring } from "./recurring";
import { ambassadors } from "./ambassadors";
import { funds } from "./funds";

/**
 * Every feature's catalogue. Add a feature by adding its file here; keys must be unique across
 * catalogues (checked by app/i18n/i18n.test.ts).
 */
export const catalogs = {
  common,
  auth,
  buurt,
  ideas,
  lending,
  map,
  matching,
  moderation,
  money,
  needs,
  notifications,
  payments,
  projects,
  pledges,
  questions,
  privacy,
  reconciliation,
  reputation,
  team,
  communityLoans,
  recurring,
  ambassadors,
  funds,
};
