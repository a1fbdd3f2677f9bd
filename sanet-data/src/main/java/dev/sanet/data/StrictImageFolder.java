package dev.sanet.data;

import ai.djl.basicdataset.cv.classification.AbstractImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.util.PairList;
import ai.djl.util.Progress;
import dev.sanet.core.io.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * DJL's image folder with sanet's rules for reading inputs: images are listed by {@link InputFiles}
 * (FIFOs, sockets, devices, link loops and dangling links are named and left out, never opened) and
 * decoded strictly by {@link ImageFiles#read} (a truncated JPEG or a 0-byte file is an {@link
 * ItemException} naming it, never a grey picture or DJL's "Data loading failed"). With {@code
 * skipBad} every image is decoded once before training and the bad ones are left out with a
 * warning, as {@code sanet train --skip-bad} does.
 */
final class StrictImageFolder extends AbstractImageFolder {

    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private final Path root;
    private final List<String> classNames;
    private final boolean skipBad;
    private final Consumer<String> warnings;
    private final List<ItemException> skipped = new ArrayList<>();

    private StrictImageFolder(Builder b) {
        super(b);
        this.root = b.root;
        this.classNames = List.copyOf(b.classNames);
        this.skipBad = b.skipBad;
        this.warnings = b.warnings;
    }

    static Builder builder() {
        return new Builder();
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The items left out by {@code skipBad}, in the order found. */
    List<ItemException> skipped() {
        return List.copyOf(skipped);
    }

    @Override
    public void prepare(@Nullable Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        synset = new ArrayList<>(classNames);
        items = new PairList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Path sub = root.resolve(classNames.get(c));
            InputFiles.Listing listing = InputFiles.list(sub, StrictImageFolder::isImageName);
            for (InputFiles.Skipped s : listing.skipped()) {
                warnings.accept(s.message());
            }
            for (Path f : listing.files()) {
                if (skipBad) {
                    try {
                        ImageFiles.read(f);
                    } catch (ItemException e) {
                        skipped.add(e);
                        warnings.accept(e.getMessage() + ": skipped (--skip-bad)");
                        continue;
                    }
                }
                items.add(f.toString(), c);
            }
        }
        prepared = true;
    }

    @Override
    protected Image getImage(long index) throws IOException {
        Path file = Path.of(items.get(Math.toIntExact(index)).getKey());
        return ImageFactory.getInstance().fromImage(ImageFiles.read(file));
    }

    @Override
    protected Path getImagePath(String key) {
        return Path.of(key);
    }

    /** Settings of a {@link StrictImageFolder}. */
    static final class Builder extends ImageFolderBuilder<Builder> {
        private Path root = Path.of(".");
        private List<String> classNames = List.of();
        private boolean skipBad;
        private Consumer<String> warnings = w -> {};

        @Override
        protected Builder self() {
            return this;
        }

        Builder folder(Path root, List<String> classNames) {
            this.root = root;
            this.classNames = classNames;
            return setRepositoryPath(root);
        }

        Builder skipBad(boolean skipBad, Consumer<String> warnings) {
            this.skipBad = skipBad;
            this.warnings = warnings;
            return this;
        }

        StrictImageFolder build() {
            return new StrictImageFolder(this);
        }
    }
}
