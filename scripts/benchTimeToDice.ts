export {}; console.log("time-to-dice: not yet");
