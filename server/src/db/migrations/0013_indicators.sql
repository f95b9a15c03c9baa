CREATE TABLE "indicator_case" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"number" varchar(40),
	"state" varchar(40) NOT NULL,
	"category_code" varchar(40),
	"owner_division" varchar(12) NOT NULL,
	"grid_code" varchar(15),
	"lead_unit" uuid,
	"reported_at" timestamp with time zone NOT NULL,
	"handle_due_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"facts" jsonb NOT NULL,
	"last_action_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_mark" (
	"case_id" uuid NOT NULL,
	"measure" varchar(24) NOT NULL,
	"ref" varchar(40) NOT NULL,
	"day" date NOT NULL,
	"unit" varchar(36) NOT NULL,
	"division" varchar(12) NOT NULL,
	"grid" varchar(15) NOT NULL,
	CONSTRAINT "indicator_mark_case_id_measure_ref_pk" PRIMARY KEY("case_id","measure","ref")
);
--> statement-breakpoint
CREATE INDEX "indicator_case_owner_idx" ON "indicator_case" USING btree ("owner_division");--> statement-breakpoint
CREATE INDEX "indicator_mark_day_idx" ON "indicator_mark" USING btree ("day","division");--> statement-breakpoint
CREATE INDEX "indicator_mark_measure_idx" ON "indicator_mark" USING btree ("measure","day");