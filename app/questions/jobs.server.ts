import { defineJob } from "../services.server";
import { sendQuestionReminders } from "./questions.server";

/** Questions' contributions (listed in app/wiring.server.ts): the team's reminder, once, after 3 days. */
export const questionRemindersJob = defineJob({
  name: "questions.team-reminders",
  sweep: true,
  // Daily, in the morning (Europe/Amsterdam).
  schedule: "0 9 * * *",
  async run({ db, now }) {
    return { processed: await sendQuestionReminders(db, now) };
  },
});
