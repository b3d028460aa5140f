/**
 * The {@code kitemq} command line ({@link io.kitemq.client.cli.KiteMqCli}, picocli): the admin client,
 * the producer and the push consumer behind subcommands that print aligned tables or, with
 * {@code --json}, JSON. Packaged as {@code kitemq-client-<version>-cli.jar} and run by {@code bin/kitemq}.
 */
package io.kitemq.client.cli;
