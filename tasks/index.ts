import "./coop";
import "./member";
import "./shares";
