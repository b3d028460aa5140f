/** The lite pull consumer: the application polls; subscribe (rebalanced) or assign; seek; commit. */
package io.kitemq.client.litepull;
