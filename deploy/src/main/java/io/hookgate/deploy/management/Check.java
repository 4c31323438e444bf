package io.hookgate.deploy.management;

import java.util.function.BooleanSupplier;

/** One named question a probe asks ("is the dispatcher's consumer loop turning?"), answered from state in memory. */
record Check(String name, BooleanSupplier up) {
}
