// Countdowns, schedules and replay dates are rendered in China time; pin it so tests agree everywhere.
module.exports = async () => {
  process.env.TZ = 'Asia/Shanghai'
}
