package dev.loadbearing.sim.engine;

import java.util.Arrays;

/**
 * A binary min-heap of pending events ordered by (time, sequence). Keys live in primitive arrays
 * and payloads in slot arrays recycled through a free list, so scheduling allocates nothing once
 * the arrays have grown to the model's peak.
 */
final class EventQueue {
    private long[] heapTime = new long[256];
    private long[] heapSeq = new long[256];
    private int[] heapSlot = new int[256];
    private int size;

    private Action<Object>[] slotAction;
    private Object[] slotSubject = new Object[256];
    private String[] slotLabel = new String[256];
    private long[] slotSeq = new long[256];
    private int[] freeSlots = new int[256];
    private int freeCount;
    private int slotsUsed;

    @SuppressWarnings("unchecked")
    EventQueue() {
        slotAction = (Action<Object>[]) new Action<?>[256];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds an event and returns the slot holding its payload. */
    int add(long time, long seq, Action<Object> action, Object subject, String label) {
        int slot = takeSlot();
        slotSeq[slot] = seq;
        slotAction[slot] = action;
        slotSubject[slot] = subject;
        slotLabel[slot] = label;
        if (size == heapTime.length) {
            int capacity = size * 2;
            heapTime = Arrays.copyOf(heapTime, capacity);
            heapSeq = Arrays.copyOf(heapSeq, capacity);
            heapSlot = Arrays.copyOf(heapSlot, capacity);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = heapTime[parent];
            if (pt < time || (pt == time && heapSeq[parent] < seq)) {
                break;
            }
            heapTime[i] = pt;
            heapSeq[i] = heapSeq[parent];
            heapSlot[i] = heapSlot[parent];
            i = parent;
        }
        heapTime[i] = time;
        heapSeq[i] = seq;
        heapSlot[i] = slot;
        return slot;
    }

    /**
     * Replaces the action of a pending event, if the slot still holds the event with this
     * sequence number; returns whether it did.
     */
    boolean replaceAction(int slot, long seq, Action<Object> action) {
        if (slot < 0 || slot >= slotsUsed || slotAction[slot] == null || slotSeq[slot] != seq) {
            return false;
        }
        slotAction[slot] = action;
        return true;
    }

    long timeAt(int index) {
        return heapTime[index];
    }

    long seqAt(int index) {
        return heapSeq[index];
    }

    int slotAt(int index) {
        return heapSlot[index];
    }

    long peekTime() {
        return heapTime[0];
    }

    long peekSeq() {
        return heapSeq[0];
    }

    int peekSlot() {
        return heapSlot[0];
    }

    Action<Object> action(int slot) {
        return slotAction[slot];
    }

    Object subject(int slot) {
        return slotSubject[slot];
    }

    String label(int slot) {
        return slotLabel[slot];
    }

    /** Removes the head; its slot stays readable until {@link #release(int)}. */
    void removeHead() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long time = heapTime[last];
        long seq = heapSeq[last];
        int slot = heapSlot[last];
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            long ct = heapTime[child];
            long cs = heapSeq[child];
            if (right < last) {
                long rt = heapTime[right];
                if (rt < ct || (rt == ct && heapSeq[right] < cs)) {
                    child = right;
                    ct = rt;
                    cs = heapSeq[right];
                }
            }
            if (time < ct || (time == ct && seq < cs)) {
                break;
            }
            heapTime[i] = ct;
            heapSeq[i] = cs;
            heapSlot[i] = heapSlot[child];
            i = child;
        }
        heapTime[i] = time;
        heapSeq[i] = seq;
        heapSlot[i] = slot;
    }

    void release(int slot) {
        slotAction[slot] = null;
        slotSubject[slot] = null;
        slotLabel[slot] = null;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == slotSubject.length) {
            int capacity = slotsUsed * 2;
            slotAction = Arrays.copyOf(slotAction, capacity);
            slotSubject = Arrays.copyOf(slotSubject, capacity);
            slotLabel = Arrays.copyOf(slotLabel, capacity);
            slotSeq = Arrays.copyOf(slotSeq, capacity);
        }
        return slotsUsed++;
    }
}
