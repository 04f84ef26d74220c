package dev.javacached.kernel.magic.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * How Maven's model builder reaches POMs that are not in the cell: a parent, or a BOM
 * imported in {@code <dependencyManagement>}. They are fetched as {@code pom} artifacts by the
 * kernel's resolver (local repository first), from the repositories the POMs name as well.
 */
final class PomParents implements ModelResolver {

    /** Fetches {@code group:artifact:pom:version} and returns the file. */
    @FunctionalInterface
    interface Fetch {
        Path pom(String groupId, String artifactId, String version, List<RemoteRepository> repositories)
                throws ClasspathException;
    }

    private final Fetch fetch;
    private final List<RemoteRepository> repositories;

    PomParents(Fetch fetch) {
        this(fetch, new ArrayList<>());
    }

    private PomParents(Fetch fetch, List<RemoteRepository> repositories) {
        this.fetch = fetch;
        this.repositories = repositories;
    }

    @Override
    public ModelSource resolveModel(String groupId, String artifactId, String version)
            throws UnresolvableModelException {
        try {
            return new FileModelSource(fetch.pom(groupId, artifactId, version, List.copyOf(repositories)).toFile());
        } catch (ClasspathException e) {
            throw new UnresolvableModelException(e.getMessage(), groupId, artifactId, version, e);
        }
    }

    @Override
    public ModelSource resolveModel(Parent parent) throws UnresolvableModelException {
        return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
    }

    @Override
    public ModelSource resolveModel(Dependency dependency) throws UnresolvableModelException {
        return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
    }

    @Override
    public void addRepository(Repository repository) {
        addRepository(repository, false);
    }

    @Override
    public void addRepository(Repository repository, boolean replace) {
        if (repository.getId().equals("central")) {
            return;
        }
        for (int i = 0; i < repositories.size(); i++) {
            if (repositories.get(i).getId().equals(repository.getId())) {
                if (replace) {
                    repositories.set(i, MavenResolver.repository(repository.getId(), repository.getUrl()));
                }
                return;
            }
        }
        repositories.add(MavenResolver.repository(repository.getId(), repository.getUrl()));
    }

    @Override
    public ModelResolver newCopy() {
        return new PomParents(fetch, new ArrayList<>(repositories));
    }
}
