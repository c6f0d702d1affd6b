import "./coop";
import "./member";
import "./shares";
import "./governance";
import "./chain";
import "./ranking";
import "./judgment";
import "./payments";
