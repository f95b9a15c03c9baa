ALTER TABLE "case_action" DROP CONSTRAINT "case_action_case_id_case_file_id_fk";
--> statement-breakpoint
DROP INDEX "case_deadline_open_idx";