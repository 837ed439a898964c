package dev.keras2j.testing;

import dev.keras2j.runtime.kernel.Parallelism;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that set the kernel thread count: puts back the count each test started with, so that the
 * tests after it run as configured.
 */
public final class RestoresKernelThreads implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RestoresKernelThreads.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("threads", Parallelism.threads());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Parallelism.setThreads(context.getStore(NAMESPACE).get("threads", Integer.class));
    }
}
