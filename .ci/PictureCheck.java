import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;

/** Fails unless every PNG given is a picture: at least 10 distinct colours and a fifth of it not background. */
public class PictureCheck {
    public static void main(String[] args) throws Exception {
        int failed = 0;
        for (String path : args) {
            BufferedImage image = ImageIO.read(new File(path));
            if (image == null) {
                System.err.println(path + ": not an image");
                failed++;
                continue;
            }
            int background = image.getRGB(0, 0);
            Set<Integer> colours = new HashSet<>();
            long inked = 0;
            long seen = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int c = image.getRGB(x, y);
                    colours.add(c);
                    inked += c != background ? 1 : 0;
                    seen++;
                }
            }
            double share = (double) inked / seen;
            System.out.printf("%s: %dx%d, %d colours, %.0f%% not background%n", path, image.getWidth(),
                    image.getHeight(), colours.size(), 100 * share);
            if (colours.size() < 10 || share < 0.05) {
                System.err.println(path + ": looks blank");
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
