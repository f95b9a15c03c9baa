CREATE TABLE "bulletin" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(16) NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"division" varchar(12) NOT NULL,
	"number" varchar(60) NOT NULL,
	"sequence" integer NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" varchar(64) NOT NULL,
	"figures" jsonb NOT NULL,
	"weights_version_id" uuid,
	"docx_file_id" uuid NOT NULL,
	"xlsx_file_id" uuid NOT NULL,
	"docx_sha256" varchar(64) NOT NULL,
	"xlsx_sha256" varchar(64) NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bulletin_number_idx" ON "bulletin" USING btree ("owner_division","number");--> statement-breakpoint
CREATE INDEX "bulletin_period_idx" ON "bulletin" USING btree ("owner_division","kind","period_from");