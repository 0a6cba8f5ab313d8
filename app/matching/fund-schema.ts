import { z } from "zod";

/** The neighbourhood fund's story (opening the fund, or changing it): 20 to 5,000 characters, as the database's CHECK. */
export const FundStorySchema = z.object({
  story: z.string("fund.error.story").trim().min(20, "fund.error.story").max(5000, "fund.error.story"),
});
