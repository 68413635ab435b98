/** How the CLI reaches runs and prints them. No compatibility promise. */
package dev.sluice.cli.internal;
