CREATE TABLE "portal_challenge_used" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_client" (
	"client_hash" text PRIMARY KEY NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_map_entry" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_report" (
	"code" text PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"client_hash" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"contact" jsonb,
	CONSTRAINT "portal_report_case_id_unique" UNIQUE("case_id")
);
--> statement-breakpoint
CREATE TABLE "portal_upload" (
	"attachment_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"client_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"used_by" text
);
--> statement-breakpoint
CREATE INDEX "portal_challenge_used_expires_idx" ON "portal_challenge_used" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "portal_report_client_idx" ON "portal_report" USING btree ("client_hash","created_at");--> statement-breakpoint
CREATE INDEX "portal_upload_token_idx" ON "portal_upload" USING btree ("token_hash");