/**
 * The {@code sanet} command line (picocli). The contract (commands, flags, JSON fields, exit
 * statuses) is {@code docs/cli.md}: 0 on success, 2 for a user mistake, 1 for an internal failure.
 */
@NullMarked
package dev.sanet.examples.cli;

import org.jspecify.annotations.NullMarked;
