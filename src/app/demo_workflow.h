/* app/demo_workflow — demo applications at every stage of the review.
 *
 * For `make demo`: opens `count` public-rental applications for households
 * spread evenly over the registry and takes each through the workflow to a
 * stage that cycles through draft, submitted, street review, district
 * review, city filing, returned for correction, publicity, filed (twice as
 * many) and withdrawn. Households of street 110105001 and district 110105
 * are acted on by the demo accounts demo-jianwai, demo-chaoyang and
 * demo-city when they exist (scripts/demo.sh creates them); the rest by the
 * local operator. The use cases are the real ones (eligibility re-runs,
 * history, audit log); a household that is not eligible is rejected with
 * its failed criteria, as an officer would. Histories are back-dated (the
 * clock is moved through ANJU_TODAY/ANJU_NOW) so that filed applications
 * have completed their 15-day publicity.
 */
#ifndef ANJU_APP_DEMO_WORKFLOW_H
#define ANJU_APP_DEMO_WORKFLOW_H

#include "app/app.h"

struct demo_workflow_stats {
    long created;
    long by_state[16]; /* by enum workflow_state */
};

int demo_applications(struct app *a, long count, struct demo_workflow_stats *st, struct err *e);

#endif
