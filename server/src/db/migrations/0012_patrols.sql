CREATE TABLE "patrol_point" (
	"patrol_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"accuracy" double precision,
	"received_at" timestamp with time zone NOT NULL,
	"owner_division" varchar(12) NOT NULL,
	CONSTRAINT "patrol_point_patrol_id_at_pk" PRIMARY KEY("patrol_id","at")
);
--> statement-breakpoint
CREATE TABLE "patrol" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"grid_id" uuid NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" varchar(8),
	"start_lon" double precision NOT NULL,
	"start_lat" double precision NOT NULL,
	"distance_m" double precision NOT NULL,
	"point_count" integer NOT NULL,
	"last_point_at" timestamp with time zone,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "patrol_point" ADD CONSTRAINT "patrol_point_patrol_id_patrol_id_fk" FOREIGN KEY ("patrol_id") REFERENCES "public"."patrol"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol" ADD CONSTRAINT "patrol_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol" ADD CONSTRAINT "patrol_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol" ADD CONSTRAINT "patrol_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_open_account_uq" ON "patrol" USING btree ("account_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "patrol_account_started_idx" ON "patrol" USING btree ("account_id","started_at");--> statement-breakpoint
CREATE INDEX "patrol_grid_started_idx" ON "patrol" USING btree ("grid_code","started_at");--> statement-breakpoint
CREATE INDEX "patrol_owner_started_idx" ON "patrol" USING btree ("owner_division","started_at");