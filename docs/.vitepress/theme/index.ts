/** The default VitePress theme with the site's colours and a few layout fixes (theme/custom.css). */
import DefaultTheme from "vitepress/theme";
import "./custom.css";

export default DefaultTheme;
