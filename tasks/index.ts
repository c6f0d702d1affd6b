import "./coop";
