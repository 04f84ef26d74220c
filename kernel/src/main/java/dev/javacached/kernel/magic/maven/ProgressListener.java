package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.display.Human;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

/** Turns resolver transfer events into {@link Progress} lines, throttled, and counts bytes. */
final class ProgressListener extends AbstractTransferListener {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final Progress progress;
    private final AtomicLong downloaded = new AtomicLong();
    private volatile long lastUpdate;

    ProgressListener(Progress progress) {
        this.progress = progress;
    }

    long downloadedBytes() {
        return downloaded.get();
    }

    @Override
    public void transferInitiated(TransferEvent event) {
        if (event.getRequestType() == TransferEvent.RequestType.GET) {
            TransferResource r = event.getResource();
            progress.update("Downloading " + fileName(r) + " from " + r.getRepositoryId());
            lastUpdate = System.nanoTime();
        }
    }

    @Override
    public void transferProgressed(TransferEvent event) {
        long now = System.nanoTime();
        if (now - lastUpdate < MIN_INTERVAL_NANOS) {
            return;
        }
        lastUpdate = now;
        TransferResource r = event.getResource();
        long total = r.getContentLength();
        String of = total > 0 ? " / " + Human.bytes(total) : "";
        progress.update("Downloading " + fileName(r) + ": " + Human.bytes(event.getTransferredBytes()) + of);
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        if (event.getRequestType() != TransferEvent.RequestType.GET) {
            return;
        }
        downloaded.addAndGet(event.getTransferredBytes());
        progress.update("Downloaded " + fileName(event.getResource())
                + " (" + Human.bytes(event.getTransferredBytes()) + ")");
        lastUpdate = System.nanoTime();
    }

    private static String fileName(TransferResource r) {
        String name = r.getResourceName();
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
