import { heading, step, type DemoContext } from "../context";

/** Chapter 9: placeholder until the federation chapter lands. */
export async function federation(context: DemoContext): Promise<void> {
  heading(9, "A federation of two cooperatives", "Une fédération de deux coopératives");
  step(`not run yet on ${context.hre.network.name}`);
}
