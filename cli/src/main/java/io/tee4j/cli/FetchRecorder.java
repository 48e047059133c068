package io.tee4j.cli;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import java.util.ArrayList;
import java.util.List;

/** Remembers every document a verification asked for and got, for {@code tee4j collateral fetch}. */
final class FetchRecorder implements CollateralSource {
    /** One request and its answer. */
    record Fetched(CollateralRequest request, FetchedCollateral document) {
    }

    private final CollateralSource delegate;
    private final List<Fetched> fetched = new ArrayList<>();

    FetchRecorder(CollateralSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
        FetchedCollateral doc = delegate.fetch(request);
        synchronized (fetched) {
            fetched.add(new Fetched(request, doc));
        }
        return doc;
    }

    List<Fetched> fetched() {
        synchronized (fetched) {
            return List.copyOf(fetched);
        }
    }
}
