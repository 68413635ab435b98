/**
 * Alerts on run events: {@link dev.sluice.alerts.RunAlerts} listens to an engine and hands failures,
 * successes after retries and late runs to {@link dev.sluice.alerts.Notifier}s such as {@link
 * dev.sluice.alerts.WebhookNotifier}.
 */
package dev.sluice.alerts;
