/** What Sluice puts in its log lines: the run, node and attempt in SLF4J's MDC ({@link dev.sluice.core.log.RunMdc}). */
package dev.sluice.core.log;
