/**
 * Launch plans: a workflow with fixed and default inputs and optional schedules (cron with a time
 * zone, fixed rate), and what happens to firings missed while the program was down. The trigger
 * service runs the schedules; see {@code dev.sluice.core.trigger}.
 */
package dev.sluice.core.launch;
