/**
 * One entry of an account's activity timeline: a reply or a mention from another account.
 *
 * @param id unique, and higher for later entries (like a Snowflake id): use it as the clustering
 *     key, so a partition's newest entries come first
 * @param from who wrote it
 * @param account the account whose timeline it belongs to
 * @param postedAt when it was posted, in nanoseconds of virtual time
 */
public record Activity(long id, String from, String account, long postedAt) {
}
